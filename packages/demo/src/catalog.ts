/** The demo shop's products; the Neuroon sandbox indexes the same list for its search widget. */
export interface Product {
  id: string;
  name: string;
  price: number;
  category: string;
  description: string;
}

export const CURRENCY = 'EUR';

export const PRODUCTS: readonly Product[] = [
  {
    id: 'p-100',
    name: 'Trail running shoe',
    price: 89.5,
    category: 'shoes',
    description: 'Grippy sole, light mesh.',
  },
  {
    id: 'p-101',
    name: 'Road running shoe',
    price: 119,
    category: 'shoes',
    description: 'Cushioned for long runs.',
  },
  {
    id: 'p-200',
    name: 'Rain jacket',
    price: 120,
    category: 'jackets',
    description: 'Waterproof, packs into its pocket.',
  },
  {
    id: 'p-201',
    name: 'Down jacket',
    price: 180,
    category: 'jackets',
    description: 'Warm and light for winter.',
  },
  {
    id: 'p-300',
    name: 'Merino socks',
    price: 14.9,
    category: 'socks',
    description: 'Three pairs, odour resistant.',
  },
  {
    id: 'p-400',
    name: 'Running cap',
    price: 22,
    category: 'accessories',
    description: 'Breathable, reflective trim.',
  },
];

export const findProduct = (id: string): Product | undefined => PRODUCTS.find((p) => p.id === id);

/** The catalog as the Neuroon sandbox takes it (URLs relative to the shop). */
export const neuroonCatalog = () =>
  PRODUCTS.map((p) => ({
    productId: p.id,
    name: p.name,
    price: p.price,
    url: `/products/${p.id}`,
    category: p.category,
    description: p.description,
  }));
