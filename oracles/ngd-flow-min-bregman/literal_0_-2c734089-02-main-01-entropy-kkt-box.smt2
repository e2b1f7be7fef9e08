; entropy-kkt-box
; KKT point of argmin_{Xw = y, w > 0} sum_i w_i log(w_i/w0_i) - w_i + w0_i in the box within 1/2000000000 (l_inf) of the candidate.
; Xw = y is substituted: w = p + B t over the free coordinates t (declared as w<i>).
; log(w/w0) in span(X') is written as prod_i (w_i/w0_i)^k_i = 1 for an integer basis k of ker X.
; sat: the unique minimiser lies in the box; unsat: it does not.
(set-info :smt-lib-version 2.6)
(set-logic QF_NRA)
(set-info :status sat)
(declare-fun w1 () Real)
(assert (> (+ (* (- 2) w1) 1) 0))
(assert (<= (/ 12619972054568791743417 17592186044416000000000) (+ (* (- 2) w1) 1)))
(assert (<= (+ (* (- 2) w1) 1) (/ 12619972072160977787833 17592186044416000000000)))
(assert (> w1 0))
(assert (<= (/ 2486106981729463618417 17592186044416000000000) w1))
(assert (<= w1 (/ 2486106999321649662833 17592186044416000000000)))
(assert (= (* 38602641891271420105990149499641 w1) (* 10600829874870262436393704751104 (+ (* (- 2) w1) 1) (+ (* (- 2) w1) 1))))
(check-sat)
(exit)
