/**
 * "Cite this article"'s Copy buttons (src/components/CiteThis.astro): one
 * after each format, made only where the Clipboard API is; the text is in the
 * page either way, so no page carries a button that cannot work. Kept small:
 * every article page runs it, inside the page budget's 1 KB of JavaScript.
 */
export function addCopyButtons(): void {
  const status = document.querySelector('.cite [role=status]');
  if (!navigator.clipboard || !status) return;
  for (const target of document.querySelectorAll<HTMLElement>('.cite dd > [id]')) {
    const labelId = `${target.id}-label`;
    const label = document.getElementById(labelId)?.textContent;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.dataset['copy'] = target.id;
    button.setAttribute('aria-describedby', labelId);
    button.textContent = 'Copy';
    button.onclick = () =>
      navigator.clipboard.writeText(`${target.textContent}`.trim()).then(
        () => (status.textContent = `${label} copied.`),
        () => (status.textContent = `Could not copy: select the ${label} text instead.`),
      );
    target.after(button);
  }
}
