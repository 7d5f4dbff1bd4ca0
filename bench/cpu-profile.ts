/** Reading a V8 CPU profile (`--cpu-prof`), shared by the bench's profile tools. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** One sample: the node on top of the stack, when it was taken (µs from the start) and how long it stands for. */
export interface Sample {
  node: ProfileNode;
  atUs: number;
  us: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** The profile's nodes by id, each node's parent, and its samples from `fromSeconds` on. */
export function readProfile(file: string, fromSeconds = 0) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n);
  const samples: Sample[] = [];
  let atUs = 0;
  profile.samples.forEach((id, i) => {
    atUs += profile.timeDeltas[i] ?? 0;
    // A sample's time is the delta to the next one.
    if (atUs >= fromSeconds * 1e6)
      samples.push({ node: byId.get(id)!, atUs, us: profile.timeDeltas[i + 1] ?? 0 });
  });
  return { samples, parentOf };
}

/** `name path:line` of a frame, the path relative to the repository. */
export function describe({ functionName, url, lineNumber }: CallFrame): string {
  const where = url.startsWith('file://') ? relative(root, fileURLToPath(url)) : url;
  return `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
}
