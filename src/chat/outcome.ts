/**
 * The outcome label of a command's answer, the same on every platform (the `outcome` label of
 * matchgraph_commands_total). A catalog or store that is not ready counts as "error": the user did
 * nothing wrong.
 */
export type Outcome = 'ok' | 'resolution' | 'bad_input' | 'error';

export function outcomeOf(view: { kind: string; code?: string }): Outcome {
  if (view.kind === 'error') return view.code === 'bad_input' ? 'bad_input' : 'error';
  if (view.kind === 'resolution') return 'resolution';
  return 'ok';
}
