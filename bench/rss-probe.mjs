// Preloaded into a benchmarked process (node --import): writes its peak resident set size, in
// KiB, to the file named by BENCH_RSS_FILE when it exits.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
