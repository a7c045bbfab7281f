// The shop's catalog and its Shelfwise config.

/** The shelf at the top of the page, in the shop's own order. */
export const topPicks = [
  { id: 'tee-acme', name: 'Trail tee', brand: 'Acme', category: 'Apparel/Tees', price: 25 },
  { id: 'cap-orbit', name: 'Sun cap', brand: 'Orbit', category: 'Accessories/Caps', price: 19 },
  { id: 'tee-zenith', name: 'Summit tee', brand: 'Zenith', category: 'Apparel/Tees', price: 29 },
  { id: 'cap-acme', name: 'Logo cap', brand: 'Acme', category: 'Accessories/Caps', price: 17 },
  { id: 'cap-zenith', name: 'Ridge cap', brand: 'Zenith', category: 'Accessories/Caps', price: 21 },
];

/** The top shelf's next cards, which its "Load more" button adds after the first ones, in the shop's own order. */
export const topPicksNext = [
  { id: 'hat-acme', name: 'Bucket hat', brand: 'Acme', category: 'Accessories/Hats', price: 23 },
  { id: 'hat-zenith', name: 'Storm hat', brand: 'Zenith', category: 'Accessories/Hats', price: 27 },
  { id: 'sock-orbit', name: 'Trail socks', brand: 'Orbit', category: 'Apparel/Socks', price: 11 },
  { id: 'bottle-zenith', name: 'Camp flask', brand: 'Zenith', category: 'Accessories/Bottles', price: 24 },
];

/** The shelf far below the fold, in the shop's own order. */
export const morePicks = [
  { id: 'bag-acme', name: 'Day pack', brand: 'Acme', category: 'Bags/Backpacks', price: 59 },
  { id: 'bottle-orbit', name: 'Steel bottle', brand: 'Orbit', category: 'Accessories/Bottles', price: 22 },
  { id: 'bag-zenith', name: 'Alpine pack', brand: 'Zenith', category: 'Bags/Backpacks', price: 89 },
  { id: 'sock-acme', name: 'Hiking socks', brand: 'Acme', category: 'Apparel/Socks', price: 12 },
];

export const config = {
  version: 1,
  segments: [{ id: 'zenith-fan', name: 'Zenith fan', if: { 'affinity.top.brand': 'Zenith' } }],
  strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] },
};
