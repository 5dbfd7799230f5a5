import type { EntityType, Relation } from './domain.js';
import type { FieldSpecs } from './fields.js';

export function pluralOf(word: string): string {
  if (word.endsWith('y')) return `${word.slice(0, -1)}ies`;
  if (word.endsWith('ss')) return `${word}es`;
  return `${word}s`;
}

/** The relations `type` stores: one per id field that declares a `ref`, in field order. */
export function relationsOf(type: EntityType, fields: FieldSpecs): Relation[] {
  const relations: Relation[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    if ((spec.kind !== 'id' && spec.kind !== 'ids') || !spec.ref) continue;
    const { ref } = spec;
    const many = spec.kind === 'ids';
    const to: readonly EntityType[] = typeof ref.to === 'string' ? [ref.to] : ref.to;
    if (to.length > 1 && !ref.union) throw new Error(`${type}.${field} refers to ${to.join(' | ')}: name their union`);
    const stem = field.replace(many ? /Ids$/ : /Id$/, '');
    relations.push({
      from: type,
      field,
      many,
      to,
      forward: ref.forward ?? (many ? pluralOf(stem) : stem),
      reverse: ref.reverse,
      filter: ref.filter ?? (many ? field.replace(/s$/, '') : field),
      ...(ref.reverseDoc === undefined ? {} : { reverseDoc: ref.reverseDoc }),
      ...(ref.union === undefined ? {} : { union: ref.union }),
      ...(ref.unionDoc === undefined ? {} : { unionDoc: ref.unionDoc }),
    });
  }
  return relations;
}
