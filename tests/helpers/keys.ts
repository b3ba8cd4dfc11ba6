import { parseKeyring } from '../../config/encryption-keys';

/** Two keys, the current first, so reading data of the older key is exercised too. */
export const testEncryptionKeys =
  'test2:dGVzdC1rZXktdHdvLTAxMjM0NTY3ODlhYmNkZWYwMTI=,test1:dGVzdC1rZXktb25lLTAxMjM0NTY3ODlhYmNkZWYwMTI=';
export const testKeyring = parseKeyring(testEncryptionKeys);
