/** The cart lives in the shop's own cookie `demo_cart` (JSON list of [productId, quantity]). */
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { findProduct, type Product } from './catalog.js';

const COOKIE = 'demo_cart';

export interface CartLine {
  product: Product;
  quantity: number;
}

export function readCart(c: Context): CartLine[] {
  let raw: unknown;
  try {
    raw = JSON.parse(getCookie(c, COOKIE) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    if (!Array.isArray(entry)) return [];
    const product = findProduct(String(entry[0]));
    const quantity = Number(entry[1]);
    return product && Number.isInteger(quantity) && quantity > 0 && quantity <= 99
      ? [{ product, quantity }]
      : [];
  });
}

export function writeCart(c: Context, lines: CartLine[]): void {
  if (!lines.length) return void deleteCookie(c, COOKIE, { path: '/' });
  const value = JSON.stringify(lines.map((l) => [l.product.id, l.quantity]));
  setCookie(c, COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Lax' });
}

export function addToCart(lines: CartLine[], product: Product, quantity: number): CartLine[] {
  const existing = lines.find((l) => l.product.id === product.id);
  if (existing) existing.quantity = Math.min(99, existing.quantity + quantity);
  else lines.push({ product, quantity });
  return lines;
}

/** Rounded to cents, as a shop computes totals. */
export const cartTotal = (lines: CartLine[]): number =>
  Math.round(lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0) * 100) / 100;
