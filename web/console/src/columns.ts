import type { TableColumnType, TableColumnsType } from 'antd';
import type { ReactNode } from 'react';

type Shown<Row> = Omit<TableColumnType<Row>, 'dataIndex' | 'render'>;

/** A column that shows one field of the row: its render gets that field, typed as the API answers it. */
type FieldColumn<Row> = {
  [K in keyof Row & string]: Shown<Row> & {
    dataIndex: K;
    render?: (value: Row[K], row: Row, index: number) => ReactNode;
  };
}[keyof Row & string];

/** A column that shows a field of an object field (`['unit', 'name']`). */
type NestedColumn<Row> = {
  [K in keyof Row & string]: NonNullable<Row[K]> extends readonly unknown[]
    ? never
    : NonNullable<Row[K]> extends object
      ? {
          [L in keyof NonNullable<Row[K]> & string]: Shown<Row> & {
            dataIndex: [K, L];
            render?: (value: NonNullable<Row[K]>[L], row: Row, index: number) => ReactNode;
          };
        }[keyof NonNullable<Row[K]> & string]
      : never;
}[keyof Row & string];

/** A column drawn from the whole row (actions, combined fields): a `key`, no `dataIndex`. */
type RowColumn<Row> = Shown<Row> & {
  dataIndex?: undefined;
  render?: (value: unknown, row: Row, index: number) => ReactNode;
};

/**
 * Table columns checked against the row type: antd takes any string as `dataIndex`, so a field
 * the server renamed would leave an empty column; here it fails the typecheck instead.
 */
export type Columns<Row> = (FieldColumn<Row> | NestedColumn<Row> | RowColumn<Row>)[];

/** The columns as antd takes them, checked first: `columns={checkedColumns<Row>([...])}`. */
export const checkedColumns = <Row>(columns: Columns<Row>): TableColumnsType<Row> => columns;
