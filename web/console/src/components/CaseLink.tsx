import { Link } from 'react-router-dom';

export function CaseLink({ caseNumber }: { caseNumber: string }) {
  return <Link to={`/cases/${encodeURIComponent(caseNumber)}`}>{caseNumber}</Link>;
}
