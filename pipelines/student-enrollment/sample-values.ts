/** Word lists and a seeded random source for realistic, reproducible sample data. */

/** sfc32: small, fast, and the same sequence for the same seed on every platform. */
export function random(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

export type Random = () => number;

export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
export const int = (rnd: Random, low: number, high: number): number =>
  low + Math.floor(rnd() * (high - low + 1));
export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Ava',
  'Elijah',
  'Sophia',
  'Mateo',
  'Isabella',
  'Lucas',
  'Mia',
  'Levi',
  'Charlotte',
  'Ezra',
  'Harper',
  'Asher',
  'Luna',
  'James',
  'Aisha',
  'Wei',
  'Priya',
  'Diego',
  'Fatima',
  'Kenji',
  'Chloé',
  'Sean',
  'Ngozi',
  'Mateus',
  'Ingrid',
  'Tomás',
  'Yuki',
  'Arjun',
  'Zoë',
  'Omar',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  "O'Brien",
  'Nguyen',
  'Patel',
  'Kim',
  'Müller',
  'Rossi',
  'Okafor',
  'Silva',
  'Tanaka',
  'Novak',
  'Haddad',
] as const;

export const COUNTRIES = [
  'US',
  'US',
  'US',
  'CA',
  'GB',
  'IN',
  'DE',
  'FR',
  'BR',
  'AU',
  'NG',
  'JP',
  'MX',
] as const;
export const DOMAINS = ['example.com', 'mail.example.org', 'students.example.edu', 'example.net'] as const;
export const DEPARTMENTS = [
  'Mathematics',
  'Computer Science',
  'Physics',
  'History',
  'Biology',
  'Economics',
] as const;
export const LEVELS = ['intro', 'intermediate', 'advanced', 'graduate'] as const;
export const SUBJECTS: Readonly<Record<(typeof DEPARTMENTS)[number], readonly string[]>> = {
  Mathematics: ['Calculus', 'Linear Algebra', 'Statistics', 'Number Theory', 'Topology'],
  'Computer Science': ['Algorithms', 'Databases', 'Operating Systems', 'Machine Learning', 'Compilers'],
  Physics: ['Mechanics', 'Electromagnetism', 'Quantum Physics', 'Thermodynamics', 'Optics'],
  History: ['Ancient Rome', 'Modern Europe', 'World Wars', 'Economic History', 'Medieval Asia'],
  Biology: ['Genetics', 'Ecology', 'Cell Biology', 'Microbiology', 'Neuroscience'],
  Economics: ['Microeconomics', 'Macroeconomics', 'Econometrics', 'Game Theory', 'Public Finance'],
};
export const TERMS = [
  '2024-SPRING',
  '2024-FALL',
  '2025-SPRING',
  '2025-FALL',
  '2026-SPRING',
  '2026-FALL',
] as const;
export const STATUSES = [
  'active',
  'active',
  'completed',
  'completed',
  'completed',
  'dropped',
  'withdrawn',
] as const;

export const NOTE_TEMPLATES = [
  'Strong participation in seminars.',
  'Needs extra support with problem sets.',
  'Transferred from another section.',
  'Requested extension for the final project.',
  'Excellent lab work, consistent attendance.',
  'Missed two midterm sessions, medical note on file.',
] as const;

export const email = (first: string, last: string, n: number, rnd: Random): string =>
  `${first}.${last}${n}@${pick(rnd, DOMAINS)}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9.@]/g, '');

export function phone(rnd: Random): string {
  const area = int(rnd, 201, 989);
  const exchange = int(rnd, 200, 999);
  const line = pad(int(rnd, 0, 9999), 4);
  switch (int(rnd, 0, 2)) {
    case 0:
      return `(${area}) ${exchange}-${line}`;
    case 1:
      return `+1-${area}-${exchange}-${line}`;
    default:
      return `${area}-${exchange}-${line}`;
  }
}

/** Valid-looking SSNs: area 001–665 or 667–899, group and serial non-zero. */
export function ssn(rnd: Random): string {
  let area = int(rnd, 1, 899);
  if (area === 666) area = 667;
  return `${pad(area, 3)}-${pad(int(rnd, 1, 99), 2)}-${pad(int(rnd, 1, 9999), 4)}`;
}

/** A date as yyyy-MM-dd, `offsetDays` after 1970-01-01. */
export const isoDate = (offsetDays: number): string =>
  new Date(offsetDays * 86_400_000).toISOString().slice(0, 10);
export const isoTimestamp = (epochSeconds: number): string =>
  new Date(epochSeconds * 1000).toISOString().slice(0, 19);
export const daysSinceEpoch = (iso: string): number =>
  Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
