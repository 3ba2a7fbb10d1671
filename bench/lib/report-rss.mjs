// Fallback peak-RSS probe when /usr/bin/time is missing: loaded with `node --import`, it writes the
// process's maxRSS (KiB) to $BENCH_RSS_FILE on exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) {
    const usage = process.resourceUsage();
    // "maxRSS user-seconds system-seconds", read by bench/run.mjs
    writeFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`);
  }
});
