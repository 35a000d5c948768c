#define buddy_order_unsafe(page) READ_ONCE(page_private(page))
