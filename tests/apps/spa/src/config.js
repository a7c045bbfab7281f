// The shop's Shelfwise config: trail pages put waterproof shoes first, and every shelf follows
// the brands the shopper likes.
export const config = {
  version: 1,
  segments: [
    { id: 'trail-page', name: 'On a trail page', if: { 'page.path': { $regex: '^/collections/trail' } } },
    { id: 'spring-campaign', name: 'From the spring campaign', if: { 'utm.campaign': 'spring' } },
  ],
  strategy: {
    rules: [
      { rule: 'boost', match: { tag: 'waterproof' }, segments: ['trail-page'], weight: 5 },
      { rule: 'affinity', by: ['brand'], weight: 10 },
    ],
  },
};
