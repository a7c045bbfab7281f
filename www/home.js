// Home page: the shelves are static HTML; wire the shared chrome and tell
// the dataLayer which lists were shown. The "Reset me" button (#reset-me) is
// wired by the Shelfwise glue, not here.
import { initShop, trackLists } from './shop.js';

initShop();
trackLists();
