// Preloaded into a build (`node --import`) where GNU time is missing: writes
// the process's peak resident memory, in kilobytes, to $PEAK_RSS_FILE on exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
