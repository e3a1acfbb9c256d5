package com.example.sagas.formats;

import java.math.BigDecimal;

/**
 * A deadline payload with a decimal.
 */
public record QuoteExpired(String quoteId, BigDecimal price) {
}
