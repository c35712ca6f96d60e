/** The main pages of the web view: the HTTP tests, the browser tests and `npm run screenshots` visit these. */
export const mainPages = [
  "/",
  "/labels/jc-star/STAR-1",
  "/labels/jc-star/STAR-1?category=router&asOf=2026-11-25",
  "/labels/jc-star/STAR-3",
  "/labels/uk-psti/compliant",
  "/labels/sg-cls/L4?category=router", // the heaviest label page (every target has a rule or a table)
  "/compare/jc-star/STAR-1/uk-psti",
  "/compare/jc-star/STAR-1/eu-cra",
  "/compare/uk-psti/compliant/jc-star/STAR-1",
  "/matrix",
  "/matrix?from=sg-cls",
  "/schemes",
  "/schemes/jc-star",
  "/schemes/eu-cra",
  "/schemes/jc-star/requirements/S1.1-02",
  "/arrangements",
  "/about",
  "/verify",
];
