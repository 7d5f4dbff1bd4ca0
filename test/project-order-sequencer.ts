import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Projects in the order their files start, those with the longest files first: a long file started
 * last runs alone at the end while the other workers idle (the cluster restart test, 120 s, did so
 * when projects started by name). Projects not listed start after these, by name.
 */
export const PROJECT_ORDER = [
  'pack',
  'servers',
  'browser',
  'sdk',
  'sdk-mocks',
  'examples',
  'attacks',
  'docs',
  'widget',
  'protocol',
];

/**
 * Vitest's order (a project's files together, its longest or largest first) with the projects
 * taken in {@link PROJECT_ORDER}, not by name.
 */
export default class ProjectOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const at = PROJECT_ORDER.indexOf(spec.project.name);
      return at === -1 ? PROJECT_ORDER.length : at;
    };
    // Stable: within a project, and between unlisted projects, Vitest's own order stays.
    return (await super.sort(files)).sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b),
    );
  }
}
