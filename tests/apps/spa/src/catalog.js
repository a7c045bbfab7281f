// The shop's products and collections.
export const products = [
  { id: 'NP-RUN-1', name: 'Stridewell Tempo', brand: 'Stridewell', category: 'Shoes/Running', price: 129.95, tags: 'cushioned' },
  { id: 'NP-RUN-2', name: 'Aerolite Glide', brand: 'Aerolite', category: 'Shoes/Running', price: 99, tags: 'light' },
  { id: 'NP-RUN-3', name: 'Stridewell Easy', brand: 'Stridewell', category: 'Shoes/Running', price: 89, tags: 'cushioned' },
  { id: 'NP-TRL-1', name: 'Ridgeback Summit', brand: 'Ridgeback', category: 'Shoes/Trail', price: 149, tags: 'grippy' },
  { id: 'NP-TRL-4', name: 'Kestrel Fell', brand: 'Kestrel', category: 'Shoes/Trail', price: 139, tags: 'waterproof grippy' },
  { id: 'NP-TRL-5', name: 'Aerolite Ridge', brand: 'Aerolite', category: 'Shoes/Trail', price: 119, tags: 'light' },
  { id: 'NP-SCK-1', name: 'Aerolite socks', brand: 'Aerolite', category: 'Accessories/Socks', price: 12, tags: 'light' },
];

export const collections = {
  running: { title: 'Running shoes', items: ['NP-RUN-1', 'NP-RUN-2', 'NP-RUN-3'] },
  trail: { title: 'Trail shoes', items: ['NP-TRL-1', 'NP-TRL-4', 'NP-TRL-5'] },
};

export const byId = (id) => products.find((p) => p.id.toLowerCase() === String(id).toLowerCase());

/** A product as GA4 ecommerce items describe it. */
export const ga4 = (p) => {
  const [category, category2] = p.category.split('/');
  return { item_id: p.id, item_name: p.name, item_brand: p.brand, item_category: category, item_category2: category2, price: p.price };
};
