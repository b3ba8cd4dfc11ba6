import type { Unit } from './api';

export interface UnitNode {
  title: string;
  value: string;
  children: UnitNode[];
}

// A user is sent only their own unit and the units below it, so any unit whose parent is
// missing from the list is a root of what they may see.
// A picker's value is the unit's code unless it asks for another (the reports name units by id).
export function unitTree(units: Unit[], valueOf: (unit: Unit) => string = (unit) => unit.code): UnitNode[] {
  const nodes = new Map<string, UnitNode>(
    units.map((unit) => [unit.code, { title: unit.name, value: valueOf(unit), children: [] }]),
  );
  const roots: UnitNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.code);
    const parent = unit.parentCode === null ? undefined : nodes.get(unit.parentCode);
    if (!node) continue;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
