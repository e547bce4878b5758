import { describe, expect, it } from 'vitest';
import { defaultWindowState, restoreWindowState } from '../../electron/main/windowState';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('the remembered window state', () => {
  it('reopens where it was on a connected display', () => {
    const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: false };
    expect(restoreWindowState(saved, [laptop, monitor])).toEqual(saved);
  });

  it('lets the OS place the window when its display is gone', () => {
    const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: true };
    expect(restoreWindowState(saved, [laptop])).toEqual({ width: 1300, height: 900, maximized: true });
  });

  it('shrinks a window larger than the display it lands on', () => {
    const saved = { x: 10, y: 10, width: 3000, height: 2000, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toMatchObject({ width: 1440, height: 900 });
  });

  it('uses the default size for a missing or damaged record', () => {
    expect(restoreWindowState(undefined, [laptop])).toEqual(defaultWindowState);
    expect(restoreWindowState({ width: 'wide' }, [laptop])).toEqual(defaultWindowState);
    expect(restoreWindowState({ width: 10, height: 10 }, [laptop])).toEqual(defaultWindowState);
  });
});
