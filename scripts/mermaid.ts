/** Render an XState v5 machine as a Mermaid `stateDiagram-v2`, walking its state nodes. */
interface Node {
  key: string;
  id: string;
  path: string[];
  type: string;
  initial?: { target: readonly { key: string }[] };
  states: Record<string, Node>;
  transitions: Map<string, readonly { target?: readonly { id: string; path: string[] }[]; eventType: string }[]>;
}

/** Events that annotate a dossier without changing its state: listed once, not drawn on every state. */
const ANNOTATIONS = new Set(['PetitionFiled', 'PetitionAnswered', 'PortalSynced', 'DossierRated']);

export function machineToMermaid(machine: { root: Node }): string {
  const lines = ['stateDiagram-v2'];
  const name = (n: { path: string[] }) => n.path.join('_');
  const annotated = new Set<string>();
  const render = (n: Node, indent: string) => {
    const children = Object.values(n.states);
    const initial = n.initial?.target[0];
    if (initial && n.type !== 'parallel') lines.push(`${indent}[*] --> ${name(n.states[initial.key]!)}`);
    children.forEach((c, i) => {
      if (Object.keys(c.states).length) {
        lines.push(`${indent}state ${name(c)} {`);
        render(c, `${indent}  `);
        lines.push(`${indent}}`);
        if (n.type === 'parallel' && i < children.length - 1) lines.push(`${indent}--`);
      }
      if (c.type === 'final') lines.push(`${indent}${name(c)} --> [*]`);
    });
    for (const c of children) {
      for (const [event, ts] of c.transitions) {
        if (event.startsWith('xstate.done')) continue;
        if (ANNOTATIONS.has(event)) {
          annotated.add(event);
          continue;
        }
        for (const t of ts) lines.push(`${indent}${name(c)} --> ${t.target?.[0] ? name(t.target[0]) : name(c)} : ${event}`);
      }
      const done = c.transitions.get(`xstate.done.state.${c.id}`)?.[0]?.target?.[0];
      if (done) lines.push(`${indent}${name(c)} --> ${name(done)} : all legs done`);
    }
  };
  render(machine.root, '  ');
  if (annotated.size)
    lines.push(
      `  note right of draft : After submission every state also accepts ${[...annotated].sort().join(', ')} (no state change; DossierRated only in returned, stopped, refusedAtIntake)`,
    );
  return lines.join('\n');
}
