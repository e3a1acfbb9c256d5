package com.example.sagas.formats;

import java.math.BigDecimal;

/**
 * A saga whose state holds a decimal ({@code 12.50}) that only decimal128 keeps exactly as a number.
 */
public class QuoteSaga {
    public String quoteId;
    public BigDecimal price;

    public static QuoteSaga of(String quoteId, String price) {
        QuoteSaga saga = new QuoteSaga();
        saga.quoteId = quoteId;
        saga.price = new BigDecimal(price);
        return saga;
    }
}
