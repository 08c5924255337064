/** The ballot sheet on screen: one card per row with big option buttons, score fields or check boxes. */
import type { PollDefinition, ScoringPoll, SelectionPoll, Target } from '../../shared/domain/polls/definition.js';
import { h } from './dom.js';
import { choiceOptions, parseScore, rowsOf, scoreBounds, scoreKey, scoringRow, type Draft } from './sheet.js';

const has = (rec: object, key: string): boolean => Object.prototype.hasOwnProperty.call(rec, key);

function rowHead(index: number, label: string, extra?: Node | null): HTMLElement {
  return h('div', { class: 'row-head' }, h('span', { class: 'row-no', 'aria-hidden': 'true' }, String(index + 1)), h('div', { class: 'row-label' }, label, extra ?? null));
}

/** Satisfaction, decision and appointment sheets: one row per target, one option per row. */
function choiceSheet(def: PollDefinition, d: Draft, changed: () => void): HTMLElement {
  const options = choiceOptions(def)!;
  const persons = def.kind === 'appointment' && def.combined ? h('div', { class: 'row-persons' }, def.targets.map((t) => t.label).join('、')) : null;
  const sheet = h('div', { class: `sheet sheet-${def.kind}` });
  rowsOf(def).forEach((row, i) => {
    const buttons: HTMLButtonElement[] = [];
    const paint = () => {
      const chosen = has(d.marks, row.key) ? d.marks[row.key] : null;
      card.className = chosen ? 'row row-done' : 'row';
      for (const b of buttons) {
        const on = b.getAttribute('data-option') === chosen;
        b.setAttribute('aria-checked', on ? 'true' : 'false');
        b.className = `opt opt-${b.getAttribute('data-option')}${on ? ' opt-on' : ''}`;
      }
    };
    for (const o of options) {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            role: 'radio',
            'data-option': o.key,
            onclick: () => {
              // Tapping the chosen option again clears the row (未选择).
              if (d.marks[row.key] === o.key) delete d.marks[row.key];
              else d.marks[row.key] = o.key;
              paint();
              changed();
            },
          },
          h('span', { class: 'opt-tick', 'aria-hidden': 'true' }, '✓'),
          o.label,
        ),
      );
    }
    const card = h('div', { class: 'row', 'data-key': row.key }, rowHead(i, row.label, persons), h('div', { class: 'opts', role: 'radiogroup', 'aria-label': row.label }, buttons));
    paint();
    sheet.appendChild(card);
  });
  return sheet;
}

function scoreField(def: ScoringPoll, d: Draft, t: Target, label: string, indicator: string | undefined, onInput: () => void): HTMLElement {
  const b = scoreBounds(def, indicator);
  const key = scoreKey(t.key, indicator);
  const error = h('div', { class: 'field-error', 'aria-live': 'polite' });
  const input = h('input', {
    type: 'text',
    inputmode: 'decimal',
    autocomplete: 'off',
    maxlength: 8,
    class: 'score-input',
    'aria-label': `${t.label} ${label}`,
    value: d.scores[key] ?? '',
    oninput: () => {
      d.scores[key] = input.value;
      const p = parseScore(input.value, b.lo, b.hi, b.step);
      error.textContent = p.error ?? '';
      input.className = p.error ? 'score-input score-bad' : 'score-input';
      onInput();
    },
  });
  return h('label', { class: 'score-field' }, h('span', { class: 'score-label' }, label), h('span', { class: 'score-box' }, input, h('span', { class: 'score-unit' }, '分')), error);
}

function scoringSheet(def: ScoringPoll, d: Draft, changed: () => void): HTMLElement {
  const sheet = h('div', { class: 'sheet sheet-scoring' });
  if (def.groups.length > 0) {
    const buttons: HTMLButtonElement[] = [];
    const paint = () => {
      for (const b of buttons) {
        const on = b.getAttribute('data-group') === d.group;
        b.setAttribute('aria-checked', on ? 'true' : 'false');
        b.className = on ? 'opt opt-on' : 'opt';
      }
    };
    for (const g of def.groups) {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            role: 'radio',
            'data-group': g.key,
            onclick: () => {
              d.group = g.key;
              paint();
              changed();
            },
          },
          h('span', { class: 'opt-tick', 'aria-hidden': 'true' }, '✓'),
          g.label,
        ),
      );
    }
    paint();
    sheet.appendChild(h('div', { class: 'row row-group' }, h('div', { class: 'row-head' }, h('div', { class: 'row-label' }, '您的评议人类别')), h('div', { class: 'opts', role: 'radiogroup', 'aria-label': '评议人类别' }, buttons)));
  }
  const scale = def.scale;
  def.targets.forEach((t, i) => {
    const total = h('div', { class: 'row-total' });
    const card = h('div', { class: 'row', 'data-key': t.key });
    const update = () => {
      const r = scoringRow(def, d, t);
      card.className = r.status === 'filled' ? 'row row-done' : r.status === 'error' ? 'row row-error' : 'row';
      if (scale.mode === 'indicators') total.textContent = r.total === null ? '' : `合计 ${r.total} 分`;
      changed();
    };
    const fields =
      scale.mode === 'single'
        ? [scoreField(def, d, t, `${scale.min}–${scale.max} 分`, undefined, update)]
        : scale.indicators.map((ind) => scoreField(def, d, t, `${ind.label}（满分 ${ind.maxPoints}）`, ind.key, update));
    card.appendChild(rowHead(i, t.label));
    card.appendChild(h('div', { class: scale.mode === 'single' ? 'scores scores-single' : 'scores' }, fields, total));
    sheet.appendChild(card);
    const r = scoringRow(def, d, t);
    card.className = r.status === 'filled' ? 'row row-done' : 'row';
  });
  return sheet;
}

function selectionSheet(def: SelectionPoll, d: Draft, changed: () => void): HTMLElement {
  const message = h('div', { class: 'notice notice-error select-refused', role: 'alert', hidden: true });
  const sheet = h('div', { class: 'sheet sheet-selection' }, message);
  def.targets.forEach((t, i) => {
    const box = h('input', {
      type: 'checkbox',
      class: 'pick-box',
      checked: d.chosen.indexOf(t.key) >= 0,
      onchange: () => {
        const at = d.chosen.indexOf(t.key);
        if (box.checked && at < 0) {
          if (d.chosen.length >= def.maxChoices) {
            // Refused here, before it can make the ballot void.
            box.checked = false;
            message.textContent = `最多只能选 ${def.maxChoices} 项。如要改选，请先取消已选的项目。`;
            message.hidden = false;
            return;
          }
          d.chosen.push(t.key);
        } else if (!box.checked && at >= 0) {
          d.chosen.splice(at, 1);
        }
        message.hidden = true;
        label.className = box.checked ? 'row pick pick-on' : 'row pick';
        changed();
      },
    });
    const label = h('label', { class: box.checked ? 'row pick pick-on' : 'row pick', 'data-key': t.key }, box, h('span', { class: 'row-no', 'aria-hidden': 'true' }, String(i + 1)), h('span', { class: 'row-label' }, t.label));
    sheet.appendChild(label);
  });
  return sheet;
}

export function sheetView(def: PollDefinition, d: Draft, changed: () => void): HTMLElement {
  if (def.kind === 'scoring') return scoringSheet(def, d, changed);
  if (def.kind === 'selection') return selectionSheet(def, d, changed);
  return choiceSheet(def, d, changed);
}
