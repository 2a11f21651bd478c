package zmd.registry.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An amount in yuan to the fen; 万元 and words are derived when asked for (a feed page shows yuan only). */
public record Money(BigDecimal yuan) {
    public BigDecimal wanYuan() {
        return yuan.movePointLeft(4).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /** 大写金额, e.g. 肆亿叁仟伍佰捌拾陆万陆仟伍佰元整. */
    public String inWords() {
        return CapitalAmount.of(yuan);
    }

    public static Money ofYuan(BigDecimal yuan) {
        return new Money(yuan.setScale(2, RoundingMode.HALF_UP));
    }
}
