import { describe, expect, it } from 'vitest';
import { breakingChanges } from './breakingChanges.js';

const order = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' },
    total: { type: 'number' },
    customer: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, email: { type: 'string' } },
    },
    lines: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } },
    },
  },
};

/** A deep copy of `order` changed by `edit`, so each test states only its own change. */
function orderWith(edit: (schema: any) => void): unknown {
  const copy = structuredClone(order);
  edit(copy);
  return copy;
}

describe('breakingChanges', () => {
  it('should find nothing when the schema is unchanged', () => {
    expect(breakingChanges(order, structuredClone(order))).toEqual([]);
  });

  it('should report a removed property by path', () => {
    expect(breakingChanges(order, orderWith((s) => delete s.properties.total))).toEqual(['/total: removed']);
  });

  it('should report a property that became required', () => {
    expect(breakingChanges(order, orderWith((s) => s.required.push('total')))).toEqual(['/total: became required']);
  });

  it('should report a newly added property that is required at once', () => {
    const after = orderWith((s) => {
      s.properties.currency = { type: 'string' };
      s.required.push('currency');
    });
    expect(breakingChanges(order, after)).toEqual(['/currency: became required']);
  });

  it('should accept an added optional property and a dropped requirement', () => {
    const after = orderWith((s) => {
      s.properties.note = { type: 'string' };
      s.required = [];
    });
    expect(breakingChanges(order, after)).toEqual([]);
  });

  it('should report a type that changed', () => {
    expect(breakingChanges(order, orderWith((s) => (s.properties.id.type = 'integer')))).toEqual([
      '/id: type changed from string to integer',
    ]);
  });

  it('should report a type that narrowed', () => {
    const before = orderWith((s) => (s.properties.total.type = ['number', 'null']));
    expect(breakingChanges(before, order)).toEqual(['/total: type changed from number|null to number']);
  });

  it('should accept a type that widened to a union', () => {
    expect(breakingChanges(order, orderWith((s) => (s.properties.total.type = ['number', 'null'])))).toEqual([]);
  });

  it('should accept integer widened to number, since every integer is a number', () => {
    const after = orderWith((s) => (s.properties.lines.items.properties.qty.type = 'number'));
    expect(breakingChanges(order, after)).toEqual([]);
  });

  it('should accept a dropped type keyword, which widens to any value', () => {
    expect(breakingChanges(order, orderWith((s) => delete s.properties.total.type))).toEqual([]);
  });

  it('should accept a type given where there was none', () => {
    const before = orderWith((s) => delete s.properties.total.type);
    expect(breakingChanges(before, order)).toEqual([]);
  });

  it('should report the root type changing', () => {
    expect(breakingChanges(order, orderWith((s) => (s.type = 'array')))).toEqual(['/: type changed from object to array']);
  });

  it('should walk nested properties', () => {
    const after = orderWith((s) => {
      delete s.properties.customer.properties.email;
      s.properties.customer.required.push('phone');
      s.properties.customer.properties.name.type = 'number';
    });
    expect(breakingChanges(order, after).sort()).toEqual([
      '/customer/email: removed',
      '/customer/name: type changed from string to number',
      '/customer/phone: became required',
    ]);
  });

  it('should walk array items', () => {
    const after = orderWith((s) => {
      delete s.properties.lines.items.properties.sku;
      s.properties.lines.items.required = ['qty'];
      s.properties.lines.items.properties.qty.type = 'string';
    });
    expect(breakingChanges(order, after).sort()).toEqual([
      '/lines/items/qty: became required',
      '/lines/items/qty: type changed from integer to string',
      '/lines/items/sku: removed',
    ]);
  });

  it('should report every breaking change at once', () => {
    const after = orderWith((s) => {
      delete s.properties.id;
      s.properties.total.type = 'string';
      s.required.push('customer');
    });
    expect(breakingChanges(order, after).sort()).toEqual([
      '/customer: became required',
      '/id: removed',
      '/total: type changed from number to string',
    ]);
  });

  it('should not fail on values that are not schema objects', () => {
    expect(breakingChanges(null, null)).toEqual([]);
    expect(breakingChanges('x', ['y'])).toEqual([]);
  });
});
