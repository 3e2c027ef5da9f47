import type { Page } from 'playwright-core';

interface TrayOptions {
  show?: () => void;
}

interface EditorRed {
  nodes: { node(id: string): unknown };
  editor: { edit(node: unknown): void };
  events: { on(event: string, handler: () => void): void; off(event: string, handler: () => void): void };
  tray: { show(options: TrayOptions): void };
}

/**
 * Opens a node's edit dialog and resolves once its tray has run its own `show` callback, the last step
 * of its opening: a dialog closed before that makes Node-RED 5 resize editors it has already destroyed.
 */
export async function openNodeDialog(page: Page, id: string): Promise<void> {
  await page.evaluate(async (nodeId) => {
    const RED = (window as unknown as { RED: EditorRed }).RED;
    const shown = new Promise<void>((resolve) => {
      const original = RED.tray.show;
      RED.tray.show = (options) => {
        RED.tray.show = original;
        const show = options.show;
        original.call(RED.tray, {
          ...options,
          show() {
            show?.call(this);
            resolve();
          },
        });
      };
    });
    RED.editor.edit(RED.nodes.node(nodeId));
    await shown;
  }, id);
}

/** Presses the open dialog's Done (or Cancel) and resolves when the editor has closed it and its tray is gone. */
export async function closeNodeDialog(page: Page, button: 'ok' | 'cancel' = 'ok'): Promise<void> {
  await page.evaluate(async (which) => {
    const RED = (window as unknown as { RED: EditorRed }).RED;
    const closed = new Promise<void>((resolve) => {
      const handler = (): void => {
        RED.events.off('editor:close', handler);
        resolve();
      };
      RED.events.on('editor:close', handler);
    });
    document.querySelector<HTMLElement>(`#node-dialog-${which}`)?.click();
    await closed;
    while (document.querySelector('.red-ui-tray')) await new Promise((r) => requestAnimationFrame(r));
  }, button);
}
