/**
 * The Print control's enhancement (src/components/PrintControl.astro): each
 * control's disclosure, which tells a reader without JavaScript how to print,
 * is swapped for a button that opens the browser's print dialog.
 */
export function enhancePrintControls(): void {
  for (const control of document.querySelectorAll<HTMLElement>('[data-print-control]')) {
    const button = control.querySelector('button');
    if (!button) continue;
    button.addEventListener('click', () => window.print());
    button.hidden = false;
    control.querySelector('details')?.remove();
  }
}
