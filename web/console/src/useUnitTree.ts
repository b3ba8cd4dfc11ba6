import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { fetchUnits } from './api';
import { queryKeys } from './queries';
import { unitTree, type UnitNode } from './unitTree';
import { useReportFailure } from './useReportError';

/** The units the person may see, as a tree for the unit pickers; read once and shared by every page. */
export function useUnitTree(): UnitNode[] {
  const units = useQuery({ queryKey: queryKeys.units, queryFn: fetchUnits });
  useReportFailure(units.error);
  return useMemo(() => unitTree(units.data ?? []), [units.data]);
}
