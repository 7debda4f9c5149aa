/**
 * Text that a portrait phone shows in monospace: chat tables and cards, the daily digest. One width and one way to fit
 * it, for every layer that writes such text (alerts sit below chat, so this lives in core).
 */

/** What a portrait phone shows of a monospace line without wrapping it (35–45 characters at default text size). */
export const PHONE_COLUMNS = 40;

/** A name cut to `width` characters with `…`, for a column that must not push the line past a phone's width. */
export function fitWidth(value: string, width: number): string {
  const chars = [...value];
  return chars.length <= width ? value : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * A monospace line wrapped at spaces to a phone's width, continuation lines indented; a word longer than a line (an
 * address, a URL) is cut into pieces rather than pushing the line wider.
 */
export function wrapForPhone(line: string, width = PHONE_COLUMNS, indent = '  '): string[] {
  if ([...line].length <= width) return [line];
  const lines: string[] = [];
  let current = '';
  const push = (): void => {
    if (current.trim()) lines.push(current);
    current = indent;
  };
  for (const word of line.split(' ')) {
    let rest = word;
    while ([...current].length + 1 + [...rest].length > width && [...rest].length > width - indent.length) {
      const room = width - [...current].length - (current.trim() ? 1 : 0);
      if (room > 0) current += `${current.trim() ? ' ' : ''}${[...rest].slice(0, room).join('')}`;
      rest = [...rest].slice(Math.max(room, 0)).join('');
      push();
    }
    if (!rest) continue;
    if ([...current].length + (current.trim() ? 1 : 0) + [...rest].length > width) push();
    current += `${current.trim() ? ' ' : ''}${rest}`;
  }
  if (current.trim()) lines.push(current);
  return lines;
}
