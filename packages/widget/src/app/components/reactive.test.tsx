import { signal } from '@preact/signals-core';
import { act, cleanup, render } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { reactive } from './reactive.ts';

afterEach(cleanup);

describe('reactive', () => {
  it('draws again when a signal it read changes, and only then', () => {
    const shown = signal('a');
    const unread = signal(0);
    let draws = 0;
    const Part = reactive(({ label }: { label: string }) => {
      draws++;
      return (
        <p>
          {label}:{shown.value}
        </p>
      );
    });
    const view = render(<Part label="x" />);
    expect(view.container.textContent).toBe('x:a');
    act(() => {
      shown.value = 'b';
    });
    expect(view.container.textContent).toBe('x:b');
    const before = draws;
    act(() => {
      unread.value = 1;
    });
    expect(draws).toBe(before);
    view.rerender(<Part label="y" />);
    expect(view.container.textContent).toBe('y:b');
  });

  it('follows the signals of its latest drawing, its own state included', () => {
    const left = signal('L');
    const right = signal('R');
    let flip: () => void = () => {};
    const Part = reactive(() => {
      const [onLeft, set] = useState(true);
      flip = () => set((v) => !v);
      return <p>{onLeft ? left.value : right.value}</p>;
    });
    const view = render(<Part />);
    act(() => flip());
    expect(view.container.textContent).toBe('R');
    act(() => {
      right.value = 'R2';
    });
    expect(view.container.textContent).toBe('R2');
  });

  it('stops listening once unmounted', () => {
    const shown = signal('a');
    let draws = 0;
    const Part = reactive(() => {
      draws++;
      return <p>{shown.value}</p>;
    });
    const view = render(<Part />);
    view.unmount();
    const before = draws;
    act(() => {
      shown.value = 'b';
    });
    expect(draws).toBe(before);
  });
});
