// The `file:line` link: the selected sample's source file at its line, beside the panel.
import type { SourceDocuments } from '../sourceDocuments';
import type { PanelContext } from './panelContext';

/**
 * Read-only (a data file is never edited from here) and without taking the focus, so the next
 * review keys stay in the panel.
 */
export async function openSelectedSource(ctx: PanelContext, sources: SourceDocuments): Promise<void> {
  const store = await ctx.stores.open();
  if (ctx.state.selected === undefined) return;
  const { path: file, line } = store.sourceLocation(ctx.state.selected);
  await sources.show(file, line);
}
