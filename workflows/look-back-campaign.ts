import { reporting } from './reporting/activities';

/** Cases asked per activity. */
const casesPerBatch = 200;

/**
 * A campaign-wide look-back (集中回头看): every case of the subtree closed out in
 * the date range is asked again whether its matter holds. The cases answer in
 * their own workflows; the campaign's progress is their answers.
 */
export async function lookBackCampaign(input: { campaignId: number }): Promise<{ asked: number }> {
  const { caseNumbers, title } = await reporting.selectCampaignCases(input);
  for (let i = 0; i < caseNumbers.length; i += casesPerBatch) {
    await reporting.askCampaignCases({
      campaignId: input.campaignId,
      title,
      caseNumbers: caseNumbers.slice(i, i + casesPerBatch),
    });
  }
  return { asked: caseNumbers.length };
}
