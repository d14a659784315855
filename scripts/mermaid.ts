/** Render an XState v5 machine as a Mermaid `stateDiagram-v2`, walking its state nodes. */
interface Node {
  key: string;
  id: string;
  type: string;
  initial?: { target: readonly { key: string }[] };
  states: Record<string, Node>;
  transitions: Map<string, readonly { target?: readonly { id: string }[]; eventType: string }[]>;
  config: { onDone?: unknown };
}

const safe = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

export function machineToMermaid(machine: { root: Node }): string {
  const lines = ['stateDiagram-v2'];
  const ids = new Map<string, string>();
  const name = (n: Node) => ids.get(n.id) ?? safe(n.id);
  const collect = (n: Node, depth: number) => {
    for (const child of Object.values(n.states)) {
      ids.set(child.id, depth === 0 ? child.key : safe(child.id.split('.').slice(1).join('_')));
      collect(child, depth + 1);
    }
  };
  collect(machine.root, 0);
  const render = (n: Node, indent: string) => {
    const children = Object.values(n.states);
    const initial = n.initial?.target[0];
    if (initial && n.type !== 'parallel') lines.push(`${indent}[*] --> ${name(n.states[initial.key]!)}`);
    children.forEach((c, i) => {
      if (Object.keys(c.states).length) {
        lines.push(`${indent}state ${name(c)} {`);
        render(c, indent + '  ');
        lines.push(`${indent}}`);
        if (n.type === 'parallel' && i < children.length - 1) lines.push(`${indent}--`);
      }
      if (c.type === 'final') lines.push(`${indent}${name(c)} --> [*]`);
    });
    for (const c of children) {
      for (const [event, ts] of c.transitions) {
        if (event.startsWith('xstate.done')) continue;
        for (const t of ts) {
          const target = t.target?.[0];
          lines.push(`${indent}${name(c)} --> ${target ? ids.get(target.id) ?? safe(target.id) : name(c)} : ${event}`);
        }
      }
      const done = c.transitions.get(`xstate.done.state.${c.id}`);
      const target = done?.[0]?.target?.[0];
      if (target) lines.push(`${indent}${name(c)} --> ${ids.get(target.id) ?? safe(target.id)} : all legs done`);
    }
  };
  render(machine.root, '  ');
  return lines.join('\n');
}
