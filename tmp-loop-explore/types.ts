export interface Spec {
  section: string;
  name: string;
  code: string;
  modes?: ('typed' | 'untyped')[];
  options?: Record<string, unknown>;
  filename?: string;
  /** Call texts reported, in order; omitted = valid. */
  expect?: string[];
}
