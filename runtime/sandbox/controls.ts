/**
 * A message's buttons and select menus as the sandbox chat shows them: numbered from 1 in the order Discord
 * lays them out (row by row), one line per row, e.g. `m1: [1 ◀] [2 1/3 (disabled)] [3 ▶] [4 ✖]`, where
 * `m1` is the tag the chat gave the message so `:press m1 3` can name it later. Link buttons show their
 * URL; menus show what they offer and how many to choose. Pure: a message in, controls and lines out.
 */
import { ButtonStyle, ComponentType, type APIMessage } from 'discord-api-types/v10';
import { flatComponents } from '../testing/components.js';
import { isSelectMenu, type SelectMenuType } from '../testing/select-menus.js';

/** What each kind of select menu chooses, as the chat names it. */
export const MENU_CHOOSES: Readonly<Record<SelectMenuType, string>> = {
  [ComponentType.StringSelect]: 'options',
  [ComponentType.UserSelect]: 'members',
  [ComponentType.RoleSelect]: 'roles',
  [ComponentType.MentionableSelect]: 'members or roles',
  [ComponentType.ChannelSelect]: 'channels',
};

/** A select menu's choices: its options (string menus) and how many values it takes. */
export interface MenuSpec {
  type: SelectMenuType;
  options: { label: string; value: string }[];
  min: number;
  max: number;
}

/** One button or menu of a message, numbered as the chat shows it. */
export interface Control {
  /** 1-based, in layout order. */
  number: number;
  kind: 'button' | 'link' | 'premium' | 'menu';
  /** A button's label (with its emoji), or a menu's placeholder ('' when it has none). */
  label: string;
  customId?: string;
  /** Link buttons: where they go. */
  url?: string;
  disabled: boolean;
  /** Which line (action row) it is on, from 0. */
  row: number;
  menu?: MenuSpec;
}

interface RawComponent {
  type: number;
  custom_id?: string;
  label?: string;
  emoji?: { id?: string | null; name?: string | null };
  style?: number;
  url?: string;
  disabled?: boolean;
  placeholder?: string;
  options?: { label: string; value: string }[];
  min_values?: number;
  max_values?: number;
}

/** The buttons and menus of a message, numbered. */
export function controlsOf(message: Pick<APIMessage, 'components'>): Control[] {
  const controls: Control[] = [];
  let row = -1;
  for (const component of flatComponents(message) as RawComponent[]) {
    if (component.type === ComponentType.ActionRow) {
      row++;
      continue;
    }
    const isButton = component.type === ComponentType.Button;
    if (!isButton && !isSelectMenu(component)) continue;
    const base = { number: controls.length + 1, row: Math.max(row, 0), disabled: component.disabled === true, ...(component.custom_id ? { customId: component.custom_id } : {}) };
    if (isButton) {
      const kind = component.style === ButtonStyle.Link ? 'link' : component.style === ButtonStyle.Premium ? 'premium' : 'button';
      controls.push({ ...base, kind, label: buttonLabel(component), ...(component.url ? { url: component.url } : {}) });
    } else {
      const menu: MenuSpec = {
        type: component.type as MenuSpec['type'],
        options: (component.options ?? []).map((o) => ({ label: o.label, value: o.value })),
        min: component.min_values ?? 1,
        max: component.max_values ?? 1,
      };
      controls.push({ ...base, kind: 'menu', label: component.placeholder ?? '', menu });
    }
  }
  return controls;
}

/** The lines showing `controls`, one per row, the first starting with `tag:` when given. */
export function renderControls(controls: readonly Control[], tag?: string): string[] {
  const rows: string[][] = [];
  for (const control of controls) (rows[control.row] ??= []).push(`[${describeControl(control)}]`);
  const lead = tag ? `${tag}: ` : '';
  return rows.filter(Boolean).map((cells, i) => (i === 0 ? lead : ' '.repeat(lead.length)) + cells.join(' '));
}

/** One control as the chat shows it, without brackets: `3 ▶`, `2 1/3 (disabled)`, `5 Docs → https://…`, `1 ▾ Colours: Red | Blue (choose one)`. */
export function describeControl(control: Control): string {
  const off = control.disabled ? ' (disabled)' : '';
  switch (control.kind) {
    case 'link':
      return `${control.number} ${control.label} → ${control.url ?? '(no URL)'}${off}`;
    case 'premium':
      return `${control.number} ${control.label || 'premium'} (a purchase)${off}`;
    case 'button':
      return `${control.number} ${control.label}${off}`;
    case 'menu': {
      const menu = control.menu!;
      const offers = menu.type === ComponentType.StringSelect ? menu.options.map((o) => o.label).join(' | ') || 'no options' : `any of the ${MENU_CHOOSES[menu.type]}`;
      const how = [howMany(menu), ...(control.disabled ? ['disabled'] : [])].join(', ');
      return `${control.number} ▾ ${control.label ? `${control.label}: ` : ''}${offers} (${how})`;
    }
  }
}

/** A control named briefly in messages: `2 (1/3)`, `1 (Colours)`, or just the number. */
export function nameControl(control: Control): string {
  return control.label ? `${control.number} (${control.label})` : String(control.number);
}

/** "choose one", "choose 2", "choose 1 to 3", "choose up to 3". */
export function howMany(menu: Pick<MenuSpec, 'min' | 'max'>): string {
  if (menu.min === menu.max) return menu.min === 1 ? 'choose one' : `choose ${menu.min}`;
  return menu.min === 0 ? `choose up to ${menu.max}` : `choose ${menu.min} to ${menu.max}`;
}

function buttonLabel(component: RawComponent): string {
  const emoji = component.emoji?.id ? `:${component.emoji.name ?? 'emoji'}:` : (component.emoji?.name ?? '');
  return [emoji, component.label ?? ''].filter(Boolean).join(' ') || 'button';
}
