import requireSessionClose from './require-session-close.js';

export const rules = {
  'require-session-close': requireSessionClose,
};
