/**
 * Slack's action_ids. What a button does is the Card's action, carried in the button's `value` in
 * the one action codec (src/chat/actions.ts); the action_id only says which kind of control it is.
 * Values come back from Slack in signed requests, but they are still decoded and checked on the way in.
 */

/** action_id prefixes; every element in one message gets a unique suffix (":0", ":1", ...). */
export const SLACK_ACTIONS = {
  /** a Card's action: the value is the encoded action */
  act: 'mg_act',
  /** a Compare button on an alert message (an encoded action too): its answer goes to the alert's thread */
  alert: 'mg_alert',
  /** static menu of products (value of the selected option is a product id) */
  open: 'mg_open',
  /** typeahead (external_select) in the Home tab, answered through dispatch's autocomplete */
  lookup: 'mg_lookup',
  /** "Open full comparison": a link button to the web page (Slack opens the url; the click is only acknowledged) */
  page: 'mg_page',
} as const;

export const actionPattern = (prefix: string): RegExp => new RegExp(`^${prefix}(?::\\d+)?$`);
