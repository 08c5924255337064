import type { FormInstance, FormRule } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import { DeskError } from '../../lib/desk-client.js';
import { notify, showError } from './notify.js';

/**
 * A form rule that runs the very zod schema the server validates with, so the field
 * shows the same Chinese message before the round trip. `required` handles the empty
 * case with a friendlier text than the schema's type error.
 */
export function zodRule(schema: z.ZodType, required?: string): FormRule[] {
  const rules: FormRule[] = [];
  if (required) rules.push({ required: true, message: required });
  rules.push({
    validator: async (_rule, value: unknown) => {
      if (required && (value === undefined || value === null || value === '')) return;
      const result = schema.safeParse(value === undefined || value === '' ? null : value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '内容无效');
    },
  });
  return rules;
}

/** Like zodRule for optional text: empty is fine, otherwise the schema decides. */
export function optionalZodRule(schema: z.ZodType): FormRule[] {
  return [
    {
      validator: async (_rule, value: unknown) => {
        if (value === undefined || value === null || value === '') return;
        const result = schema.safeParse(value);
        if (!result.success) throw new Error(result.error.issues[0]?.message ?? '内容无效');
      },
    },
  ];
}

/**
 * Show a failed save: issues whose path names a form field go under that field (paths are
 * relative to the call input, e.g. `fields.name`); everything else is a toast. Issues come
 * with VALIDATION, and also with e.g. CONFLICT (a duplicate meeting number), whose full
 * message is toasted as well because it says more than the field's short text.
 */
export function reportFormError(form: FormInstance, err: unknown, fieldNames: readonly string[]): void {
  if (err instanceof DeskError && err.issues.length > 0) {
    const matched: { name: string; errors: string[] }[] = [];
    const unmatched: string[] = [];
    for (const issue of err.issues) {
      const path = issue.path.replace(/^fields\./, '');
      const name = fieldNames.find((f) => f === path || path.startsWith(f + '.'));
      if (name) {
        const existing = matched.find((x) => x.name === name);
        if (existing) existing.errors.push(issue.message);
        else matched.push({ name, errors: [issue.message] });
      } else {
        unmatched.push(issue.message);
      }
    }
    if (matched.length > 0) form.setFields(matched);
    if (matched.length === 0 || err.code !== 'VALIDATION') notify.error(err.message);
    else if (unmatched.length > 0) notify.error(unmatched.join('；'));
    return;
  }
  showError(err);
}

/**
 * The save step every form modal shares: validate the fields, run the call, report
 * server issues on the fields, and keep a `saving` flag for the OK button.
 */
export function useFormSave<Values, Saved>(
  form: FormInstance<Values>,
  fieldNames: readonly string[],
  save: (values: Values) => Promise<Saved>,
  onSaved: (saved: Saved) => void,
): { saving: boolean; submit: () => Promise<void> } {
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show their own messages
    }
    setSaving(true);
    try {
      onSaved(await save(values));
    } catch (err) {
      reportFormError(form as FormInstance, err, fieldNames);
    } finally {
      setSaving(false);
    }
  };
  return { saving, submit };
}

/**
 * Date boxes show a date as the console writes it everywhere (2026年12月14日) and read what
 * a clerk types in any of the usual ways: 2026-12-14, 2026/12/14, 2026.12.14, 20261214.
 */
export const DATE_INPUT_FORMATS = ['YYYY年M月D日', 'YYYY-MM-DD', 'YYYY-M-D', 'YYYY/M/D', 'YYYY.M.D', 'YYYYMMDD'];
