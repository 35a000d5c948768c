#define wmark_pages(z, i) (z->_watermark[i] + z->watermark_boost)
