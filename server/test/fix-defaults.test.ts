/** The numbers quick fixes write are the helper's own defaults (shared/fix-defaults.ts against resilientHttpSettings). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resilientHttpSettings } from '../resources/resilient-http';
import { fixDefaults, numberLiteral } from '../src/shared/fix-defaults';

describe('fix defaults', () => {
  for (const [name, value] of Object.entries(fixDefaults)) {
    it(`${name} is the helper's ${name}`, () => {
      assert.ok(Object.hasOwn(resilientHttpSettings, name), `resilientHttpSettings has no ${name}`);
      assert.equal(value, Reflect.get(resilientHttpSettings, name));
    });
  }

  it('writes numbers with digit separators, as the fixes do', () => {
    assert.equal(numberLiteral(8), '8');
    assert.equal(numberLiteral(3_000), '3_000');
    assert.equal(numberLiteral(10_000), '10_000');
    assert.equal(numberLiteral(1_234_567), '1_234_567');
  });
});
