import { describe, expect, it } from 'vitest';
import { readGauge } from './prometheus-gauges.ts';

describe('Prometheus gauges', () => {
  it('reads one gauge per label value and ignores the rest', () => {
    const text = [
      '# HELP kefu_agents_online Agents online now, per group.',
      '# TYPE kefu_agents_online gauge',
      'kefu_agents_online{group="default"} 2',
      'kefu_agents_online{group="vip"} 1',
      'kefu_agents_online_total 9',
      'kefu_queued{group="default"} 4',
      'kefu_agents_online{group="we \\"quoted\\""} 3',
    ].join('\n');
    expect(readGauge(text, 'kefu_agents_online', 'group')).toEqual({ default: 2, vip: 1, 'we "quoted"': 3 });
    expect(readGauge(text, 'kefu_queued', 'group')).toEqual({ default: 4 });
  });
});
