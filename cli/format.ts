/** Small text-layout helpers shared by commands that print tables and key/value blocks. */

export interface Column {
  readonly header: string;
  /** Numbers read best right-aligned. Default left. */
  readonly align?: 'left' | 'right';
}

/** Rows under a header, columns padded to their widest cell, separated by two spaces. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}

/** `label  value` lines with the labels padded to one width; continuation lines are indented under the value. */
export function formatFields(fields: readonly (readonly [string, string | readonly string[]])[]): string[] {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.flatMap(([label, value]) => {
    const lines = typeof value === 'string' ? [value] : value;
    return lines.map((text, i) => `${(i === 0 ? label : '').padEnd(width)}  ${text}`.trimEnd());
  });
}
