// Makes sure poppler-utils (pdfinfo, pdftotext, pdftoppm) is available before
// the browser tests: the print tests read the PDFs they make with it.
// Order: already installed; else, as root on Debian/Ubuntu, `apt-get install
// poppler-utils`; else stop with the command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function has(command) {
  try {
    execFileSync(command, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // pdfinfo -v exits non-zero on some versions but still runs: only a missing binary counts.
    return error?.code !== 'ENOENT';
  }
}

if (!has('pdfinfo') && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('pdfinfo not found: installing Debian’s poppler-utils package with apt-get…');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'poppler-utils'], { stdio: 'inherit' });
  } catch {
    // Reported below.
  }
}
if (!has('pdfinfo')) {
  console.error(
    [
      'The print tests read PDFs with poppler-utils (pdfinfo, pdftotext, pdftoppm), and it is not installed.',
      '  Debian/Ubuntu:  sudo apt-get install -y poppler-utils',
      '  macOS:          brew install poppler',
    ].join('\n'),
  );
  process.exit(1);
}
