import { z } from 'zod';

/** The main window's size and position as saved between runs. */
export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const defaultWindowState: WindowState = { width: 1200, height: 800, maximized: false };

/**
 * The bounds to open with: the saved ones when they still land on a connected display (a
 * monitor may have been unplugged since), otherwise the default size centred by the OS.
 */
export function restoreWindowState(saved: unknown, displays: readonly Rect[]): WindowState {
  const parsed = WindowState.safeParse(saved);
  if (!parsed.success) return defaultWindowState;
  const state = parsed.data;
  if (state.x === undefined || state.y === undefined) return { ...state, x: undefined, y: undefined };
  const bounds = { x: state.x, y: state.y, width: state.width, height: state.height };
  const visible = displays.find((area) => overlap(bounds, area) >= 100 * 100);
  if (!visible) return { width: state.width, height: state.height, maximized: state.maximized };
  return {
    ...state,
    width: Math.min(state.width, visible.width),
    height: Math.min(state.height, visible.height),
  };
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
