import { cloneElement, type ReactElement } from 'react';

/**
 * Form.Item marks a required control `aria-required`; a Select, TreeSelect or radio group puts it
 * on a <div> with no role, where the attribute is not allowed and no screen reader announces it.
 * The label's mark already says the field is required: this passes everything else on to the control.
 */
export function RequiredChoice({
  children,
  'aria-required': _required,
  ...props
}: {
  children: ReactElement;
  'aria-required'?: unknown;
} & Record<string, unknown>) {
  return cloneElement(children, props);
}
