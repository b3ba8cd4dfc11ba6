import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The success criteria a government page is held to (GB/T 37668 follows WCAG 2.0/2.1 A and AA). */
const wcagAA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page as it is now and returns its serious and critical violations, one
 * line each: the rule, what it asks, and where, so a failing assertion says what to fix.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(wcagAA).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}
