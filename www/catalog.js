// Demo catalog for Trailhead Outfitters. Plain data, no DOM: the pages, the
// home-page generator and the Shelfwise glue can all import it.
//
// Fields: id, name, brand, category [top, sub], price (EUR), tags (single
// words), color (tint of the drawn "photo"), optional `was` (price before a
// deal), `isNew`, `icon` (overrides the subcategory drawing) and `related`
// ("people also bought" ids).

/** Top-level categories and their subcategories, in navigation order. */
export const categories = [
  { name: 'Shoes', subs: ['Running', 'Trail', 'Sneakers', 'Boots'] },
  { name: 'Apparel', subs: ['Jackets', 'Tees', 'Fleece'] },
  { name: 'Outdoor', subs: ['Backpacks', 'Tents', 'Sleep'] },
  { name: 'Accessories', subs: ['Socks', 'Bottles', 'Headlamps'] },
];

/** Brands; each sells in several top-level categories. */
export const brands = [
  'Northpeak', 'Stridewell', 'Kestrel', 'Cairnline', 'Bluefjord',
  'Mossback', 'Ember & Ash', 'Little Summit',
];

const P = (id, name, brand, category, price, tags, color, desc, extra = {}) => ({
  id, name, brand, category: category.split('/'), price, tags: tags.split(' '), color, desc, ...extra,
});

/** Every product in the shop. */
export const products = [
  // Shoes / Running
  P('SH-RUN-001', 'Tempo 3 Road Running Shoe', 'Stridewell', 'Shoes/Running', 129.95, 'cushioned breathable', '#e4572e',
    'A soft, springy daily trainer with a breathable mesh upper for easy and tempo miles.',
    { related: ['AC-SCK-001', 'AC-BTL-002', 'AP-TEE-001'] }),
  P('SH-RUN-002', 'Glide Racer Carbon', 'Kestrel', 'Shoes/Running', 189.00, 'lightweight racing', '#2d7dd2',
    'A carbon-plated racer for race day and fast intervals. 198 g in a size 42.',
    { isNew: true, related: ['AC-SCK-002', 'AP-TEE-003', 'AC-BTL-002'] }),
  P('SH-RUN-003', 'Daily Miles Trainer', 'Stridewell', 'Shoes/Running', 99.00, 'cushioned', '#6c757d',
    'The no-fuss trainer for everyday runs, with a durable rubber outsole.',
    { was: 119.00, related: ['AC-SCK-001'] }),
  P('SH-RUN-004', 'Nightrunner GTX', 'Kestrel', 'Shoes/Running', 144.50, 'waterproof reflective', '#3a3a5c',
    'Waterproof membrane and 360° reflective details for wet, dark winter runs.',
    { related: ['AP-JKT-004', 'AC-HDL-002', 'AC-SCK-002'] }),
  P('SH-RUN-005', 'Plant Runner', 'Mossback', 'Shoes/Running', 109.00, 'vegan recycled', '#5f8d4e',
    'A vegan running shoe with a castor-bean foam midsole and a recycled knit upper.',
    { related: ['AC-SCK-003', 'AP-TEE-002'] }),
  P('SH-RUN-006', 'Zoom Kids Running Shoe', 'Little Summit', 'Shoes/Running', 54.99, 'kids lightweight', '#f2a541',
    'Light, bouncy and easy to put on: hook-and-loop strap plus elastic laces.',
    { related: ['AC-SCK-004', 'AP-TEE-005'] }),
  P('SH-RUN-007', 'Cloudstep Max', 'Stridewell', 'Shoes/Running', 149.00, 'cushioned breathable', '#9b5de5',
    'Our most cushioned shoe yet, for long runs and recovery days.',
    { isNew: true, related: ['AC-SCK-001', 'AC-BTL-002'] }),

  // Shoes / Trail
  P('SH-TRL-001', 'Ridgeline Trail Shoe', 'Kestrel', 'Shoes/Trail', 139.00, 'waterproof grippy', '#c0392b',
    'Sticky 5 mm lugs and a rock plate for technical, muddy trails.',
    { related: ['OD-BPK-004', 'AC-BTL-004', 'AC-SCK-002'] }),
  P('SH-TRL-002', 'Scree 2', 'Stridewell', 'Shoes/Trail', 124.95, 'grippy lightweight', '#d35400',
    'A nimble trail shoe that feels at home on gravel, roots and fire roads.',
    { was: 149.95 }),
  P('SH-TRL-003', 'Talus Mid GTX', 'Northpeak', 'Shoes/Trail', 169.00, 'waterproof grippy', '#7f5539',
    'Mid-cut support with a trail-shoe feel, for fast hikes in any weather.',
    { related: ['AC-SCK-005', 'OD-BPK-002'] }),
  P('SH-TRL-004', 'Forest Trail', 'Mossback', 'Shoes/Trail', 119.00, 'vegan recycled grippy', '#386641',
    'Vegan trail shoe with a natural-rubber outsole and recycled mesh upper.',
    { isNew: true }),

  // Shoes / Sneakers
  P('SH-SNK-001', 'Court Classic', 'Mossback', 'Shoes/Sneakers', 84.50, 'vegan recycled', '#e9c46a',
    'A clean, low-top sneaker made from corn-based leather alternative.',
    { related: ['AC-SCK-003', 'AP-TEE-002'] }),
  P('SH-SNK-002', 'Harbor Low', 'Bluefjord', 'Shoes/Sneakers', 79.00, 'organic', '#264653',
    'Organic cotton canvas sneaker with a vulcanised sole. Goes with everything.',
    { was: 99.00 }),
  P('SH-SNK-003', 'Velcro Dash Kids', 'Little Summit', 'Shoes/Sneakers', 39.95, 'kids', '#ef476f',
    'Easy on, easy off, with a toe bumper that survives the playground.',
    { related: ['AC-SCK-004'] }),
  P('SH-SNK-004', 'Camp Moc', 'Ember & Ash', 'Shoes/Sneakers', 94.00, 'warm', '#a0522d',
    'Suede moccasin sneaker with a wool lining for the campsite and the sofa.',
    { isNew: true }),

  // Shoes / Boots
  P('SH-BOT-001', 'Summit Pro Boot', 'Northpeak', 'Shoes/Boots', 219.00, 'waterproof leather', '#6f4518',
    'Full-grain leather mountain boot with a waterproof liner and Vibram sole.',
    { related: ['AC-SCK-005', 'OD-BPK-001'] }),
  P('SH-BOT-002', 'Traverse Boot', 'Cairnline', 'Shoes/Boots', 179.00, 'waterproof', '#495057',
    'A light, waterproof hiking boot that needs no breaking in.',
    { was: 199.00, related: ['AC-SCK-005'] }),
  P('SH-BOT-003', 'Puddle Boot Kids', 'Little Summit', 'Shoes/Boots', 49.00, 'kids waterproof', '#06d6a0',
    'Lined rain boots with pull-on handles. Puddles not included.',
    { related: ['AP-JKT-005'] }),

  // Apparel / Jackets
  P('AP-JKT-001', 'Stormshell 3L Jacket', 'Northpeak', 'Apparel/Jackets', 289.00, 'waterproof breathable', '#1d3557',
    'Three-layer waterproof shell with pit zips and a helmet-compatible hood.',
    { related: ['AP-FLC-001', 'OD-BPK-001', 'AC-SCK-005'] }),
  P('AP-JKT-002', 'Fjell Down Jacket', 'Bluefjord', 'Apparel/Jackets', 249.00, 'insulated packable', '#e63946',
    '700-fill responsibly sourced down that packs into its own pocket.',
    { isNew: true, related: ['AP-FLC-002', 'AC-BTL-001'] }),
  P('AP-JKT-003', 'Drift Insulated Parka', 'Northpeak', 'Apparel/Jackets', 329.00, 'insulated waterproof', '#2a9d8f',
    'A warm, waterproof parka for city winters and snowy trailheads.',
    { was: 379.00 }),
  P('AP-JKT-004', 'Windrunner Shell', 'Kestrel', 'Apparel/Jackets', 119.00, 'lightweight packable reflective', '#ffb703',
    'A 90 g wind shell that stuffs into its chest pocket.',
    { related: ['SH-RUN-004', 'AP-TEE-003'] }),
  P('AP-JKT-005', 'Rain Buddy Kids Jacket', 'Little Summit', 'Apparel/Jackets', 59.95, 'kids waterproof', '#118ab2',
    'Fully taped, fleece-lined rain jacket with room to grow.',
    { related: ['SH-BOT-003'] }),
  P('AP-JKT-006', 'Waxed Field Jacket', 'Ember & Ash', 'Apparel/Jackets', 199.00, 'waxed', '#606c38',
    'Waxed cotton jacket with a corduroy collar. Re-wax it and keep it for decades.'),

  // Apparel / Tees
  P('AP-TEE-001', 'Pace Running Tee', 'Stridewell', 'Apparel/Tees', 34.95, 'breathable lightweight', '#00b4d8',
    'A featherweight tee with flat seams and a quick-drying knit.',
    { related: ['SH-RUN-001', 'AC-SCK-001'] }),
  P('AP-TEE-002', 'Organic Trail Tee', 'Mossback', 'Apparel/Tees', 29.00, 'vegan organic', '#90a955',
    'Organic cotton tee printed with water-based inks.'),
  P('AP-TEE-003', 'Merino Run Tee', 'Kestrel', 'Apparel/Tees', 64.00, 'merino breathable', '#457b9d',
    'Merino-blend tee that stays fresh through long runs and multi-day trips.',
    { isNew: true }),
  P('AP-TEE-004', 'Fjord Logo Tee', 'Bluefjord', 'Apparel/Tees', 27.50, 'organic', '#8d99ae',
    'The classic Bluefjord logo tee in heavyweight organic cotton.',
    { was: 35.00 }),
  P('AP-TEE-005', 'Critter Kids Tee', 'Little Summit', 'Apparel/Tees', 18.99, 'kids organic', '#ff8fab',
    'Soft organic cotton tee with a hedgehog, a fox or a very surprised owl.'),

  // Apparel / Fleece
  P('AP-FLC-001', 'Gridline Fleece', 'Northpeak', 'Apparel/Fleece', 89.00, 'breathable warm', '#bc4749',
    'Grid-back fleece that breathes on the way up and keeps you warm at the top.',
    { related: ['AP-JKT-001'] }),
  P('AP-FLC-002', 'Lofoten Half-Zip', 'Bluefjord', 'Apparel/Fleece', 74.95, 'recycled warm', '#577590',
    'Recycled-polyester half-zip fleece with a brushed inside.',
    { was: 89.95 }),
  P('AP-FLC-003', 'Sherpa Pullover', 'Ember & Ash', 'Apparel/Fleece', 109.00, 'warm', '#cb997e',
    'A cosy high-pile pullover for cold evenings around the fire.',
    { isNew: true, related: ['SH-SNK-004', 'OD-SLP-002'] }),

  // Outdoor / Backpacks
  P('OD-BPK-001', 'Ascent 45 Backpack', 'Northpeak', 'Outdoor/Backpacks', 189.00, 'hydration waterproof', '#003049',
    'A 45-litre pack with an adjustable back for weekend hut trips.',
    { related: ['AC-BTL-001', 'AC-HDL-003', 'OD-SLP-001'] }),
  P('OD-BPK-002', 'Daytripper 22', 'Cairnline', 'Outdoor/Backpacks', 79.95, 'lightweight recycled', '#e76f51',
    'A light daypack with a stretch front pocket and a padded hip belt.',
    { related: ['AC-BTL-004', 'AC-HDL-001'] }),
  P('OD-BPK-003', 'Commuter Roll-Top 20', 'Mossback', 'Outdoor/Backpacks', 99.00, 'vegan waterproof', '#333d29',
    'Waterproof roll-top with a padded laptop sleeve, made without animal products.'),
  P('OD-BPK-004', 'Trail Vest 8', 'Kestrel', 'Outdoor/Backpacks', 114.00, 'lightweight hydration', '#f77f00',
    'Bounce-free running vest with two soft flasks included.',
    { isNew: true, related: ['SH-TRL-001', 'AC-BTL-002'] }),
  P('OD-BPK-005', 'Cub Pack 10', 'Little Summit', 'Outdoor/Backpacks', 34.95, 'kids lightweight', '#8ac926',
    'A kid-sized daypack with a chest strap and a whistle.',
    { was: 44.95 }),

  // Outdoor / Tents
  P('OD-TNT-001', 'Meadow 2 Tent', 'Cairnline', 'Outdoor/Tents', 249.00, 'lightweight freestanding', '#2a9134',
    'A roomy two-person, three-season tent with two doors and two porches.',
    { related: ['OD-SLP-001', 'AC-HDL-001', 'OD-SLP-003'] }),
  P('OD-TNT-002', 'Basecamp 4 Tent', 'Northpeak', 'Outdoor/Tents', 429.00, 'family freestanding', '#f4a261',
    'A four-person tunnel tent with a standing-height vestibule for family trips.',
    { related: ['OD-SLP-002', 'AC-HDL-003'] }),
  P('OD-TNT-003', 'Featherlite 1 Tent', 'Cairnline', 'Outdoor/Tents', 349.00, 'ultralight', '#80b918',
    'A 890 g solo shelter pitched with your trekking poles.',
    { isNew: true, related: ['OD-SLP-003', 'AC-BTL-004'] }),
  P('OD-TNT-004', 'Canvas Bell 4', 'Ember & Ash', 'Outdoor/Tents', 599.00, 'family canvas', '#dda15e',
    'A breathable cotton-canvas bell tent for slow, comfortable camping.',
    { was: 699.00 }),

  // Outdoor / Sleep
  P('OD-SLP-001', 'Down Cocoon -5 Sleeping Bag', 'Cairnline', 'Outdoor/Sleep', 279.00, 'insulated packable', '#4361ee',
    'Mummy-shaped down bag, comfortable to -5 °C, packs to the size of a melon.',
    { related: ['OD-SLP-003', 'OD-TNT-001'] }),
  P('OD-SLP-002', 'Campfire Synthetic Sleeping Bag', 'Ember & Ash', 'Outdoor/Sleep', 119.00, 'vegan insulated', '#9c6644',
    'A roomy rectangular bag with synthetic fill that stays warm when damp.',
    { was: 139.00 }),
  P('OD-SLP-003', 'Airlite Sleeping Mat', 'Cairnline', 'Outdoor/Sleep', 89.00, 'ultralight packable', '#f15bb5',
    'Insulated air mat, 7 cm thick, 420 g. Inflates in 12 breaths with the pump sack.',
    { icon: 'mat', related: ['OD-SLP-001'] }),

  // Accessories / Socks
  P('AC-SCK-001', 'Cushion Run Socks 3-Pack', 'Stridewell', 'Accessories/Socks', 24.95, 'cushioned breathable', '#ff6b6b',
    'Light cushioning under the heel and forefoot, seamless toe.'),
  P('AC-SCK-002', 'Merino Race Socks', 'Kestrel', 'Accessories/Socks', 19.00, 'merino lightweight', '#4d908e',
    'Thin merino socks with arch support for race day.'),
  P('AC-SCK-003', 'Hemp Everyday Socks 2-Pack', 'Mossback', 'Accessories/Socks', 16.50, 'vegan organic', '#a7c957',
    'Hemp and organic cotton socks that are soft from the first wear.'),
  P('AC-SCK-004', 'Kids Socks 5-Pack', 'Little Summit', 'Accessories/Socks', 14.99, 'kids', '#ffd166',
    'Five pairs, five colours, zero matching required.'),
  P('AC-SCK-005', 'Merino Hiker Socks', 'Northpeak', 'Accessories/Socks', 22.00, 'merino warm', '#8e5572',
    'Cushioned merino socks for long days in boots.',
    { isNew: true }),

  // Accessories / Bottles
  P('AC-BTL-001', 'Insulated Bottle 750 ml', 'Bluefjord', 'Accessories/Bottles', 32.00, 'insulated', '#0077b6',
    'Keeps drinks cold for 24 hours or hot for 12. Dishwasher safe.'),
  P('AC-BTL-002', 'Soft Flask 500 ml', 'Stridewell', 'Accessories/Bottles', 22.50, 'lightweight', '#48cae4',
    'A squeezable flask that shrinks as you drink, for vests and pockets.'),
  P('AC-BTL-003', 'Glass Bottle 600 ml', 'Mossback', 'Accessories/Bottles', 24.00, 'vegan', '#52b788',
    'Borosilicate glass bottle in a plant-based silicone sleeve.',
    { was: 29.00 }),
  P('AC-BTL-004', 'Collapsible Bottle 1 L', 'Cairnline', 'Accessories/Bottles', 17.95, 'packable ultralight', '#00a6a6',
    'Rolls up to the size of a fist when empty. 38 g.',
    { isNew: true }),

  // Accessories / Headlamps
  P('AC-HDL-001', 'Beam 400 Headlamp', 'Cairnline', 'Accessories/Headlamps', 44.95, 'rechargeable waterproof', '#fb8500',
    '400 lumens, red night mode, USB-C rechargeable.',
    { related: ['OD-TNT-001'] }),
  P('AC-HDL-002', 'Runlight 250', 'Kestrel', 'Accessories/Headlamps', 39.00, 'reflective lightweight rechargeable', '#d62828',
    'A bounce-free 52 g headlamp with a reflective strap for night runs.'),
  P('AC-HDL-003', 'Lumen 900 Headlamp', 'Northpeak', 'Accessories/Headlamps', 79.00, 'rechargeable waterproof', '#14213d',
    '900 lumens with a rear battery pack for winter and alpine starts.',
    { was: 89.00 }),
];
