import type { TableColumnType } from 'antd';
import type { ReactNode } from 'react';

type Shown<Row> = Omit<TableColumnType<Row>, 'dataIndex' | 'render'>;

/** A column that shows one field of the row: its render gets that field, typed as the API answers it. */
type FieldColumn<Row> = {
  [K in keyof Row & string]: Shown<Row> & {
    dataIndex: K;
    render?: (value: Row[K], row: Row, index: number) => ReactNode;
  };
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
export type Columns<Row> = (FieldColumn<Row> | RowColumn<Row>)[];
