// A pure module the API's contract can import (no Node).

/** A file name of the flow library: letters, digits, `_ . -`, ending in `.flow.json`. */
export const FLOW_FILE_NAME = /^[\w][\w.-]{0,150}\.flow\.json$/
