import type { AdviserDoc } from '../../../src/lib/domain/adviser';

/**
 * The unit's eight advisers, each with the demo PIN 1234. The hashes are computed once
 * (PBKDF2-SHA256, 600,000 iterations, a salt per adviser) and written here, so that starting
 * a demo server does not spend seconds hashing; a unit test checks each against the PIN.
 */
export const DEMO_PIN = '1234';

const adviser = (slug: string, name: string, salt: string, hash: string): AdviserDoc => ({
  _id: `adviser:${slug}`,
  type: 'adviser',
  v: 1,
  name,
  active: true,
  pin: { algo: 'PBKDF2-SHA256', iterations: 600_000, salt, hash },
  updatedAt: '2026-01-05T08:00:00.000Z',
  updatedBy: 'demo'
});

export const DEMO_ADVISERS: AdviserDoc[] = [
  adviser('chloe-martin', 'Chloé Martin', '0Sq/t8I2PNwSCTf39LjYHg==', 'wIW8MXkbrSQyCMJO2KgkFyaZYbW84NWi4bnmABrFaQk='),
  adviser('karim-benali', 'Karim Benali', '9BVJQNxTpwNnREif43PrAA==', '+7664OJ/W0uwOVwH0f8CYaR8kUfwixJTuZSlE5iwW9Y='),
  adviser('sophie-durand', 'Sophie Durand', 'Fp+N+/nfhexdSqM01lsQuQ==', 'HGv+jr0cVnRC6MEc4U5WxdVA0P+ATEvZ15zmckm68Pk='),
  adviser('lucas-bernard', 'Lucas Bernard', 'shYkOmI7hQpoSf0i93Qbmg==', 'ngpWzuqn5lGROPiGPybi3a/pG868QloijfCY2RrbPTM='),
  adviser('ines-moreau', 'Inès Moreau', 'wsQFXmL6yLQpu4vHLIiqmQ==', '7/hIA26jppCt1w5FJqvu0nOEj0ZICSOaUNkqOHoXzzs='),
  adviser('thomas-petit', 'Thomas Petit', 'uqj2sYZ25e8CCBv8dsUvhw==', 'gwz3iX+SqT/zXWMYkTp2TsWdiWXNXA+mwpa85U7i7Xw='),
  adviser('amelie-roux', 'Amélie Roux', 'BZ42uDqmIkcEklx1DI9IiA==', 'wQKK3IBCwFNW2lO6mPGg9JVkLJEsJQtKBzKt4VrQbL8='),
  adviser('julien-girard', 'Julien Girard', 'P2Jvw4zZAmuFt0TVFRBHrg==', '+dr1D1z269QxVYcEYkyEatBsjeOsTFHBRSXx8BVAX2I='),
];
