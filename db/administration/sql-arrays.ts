/**
 * Arrays as one query parameter: the driver would spread a JavaScript array into a
 * comma list, so ids go as a PostgreSQL array literal (`= any(?::int[])`) and text as
 * JSON (`= any(array(select jsonb_array_elements_text(?::jsonb)))`), quoting and all.
 */
export const intArray = (ids: number[]): string => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;
export const textArrayJson = (values: string[]): string => JSON.stringify(values);
