; lp-kkt-box-inner
; argmin_{Xw = y} ||w - w0||_p, p = 4/3: KKT point in the inner rational preimage of the box within 1/2000000000 (l_inf) of the candidate.
; Variables: the multipliers lam (and auxiliary roots). With h = X' lam, the KKT point is w = w0 + phi(h), phi(h) = sign(h)|h|^(1/(p-1)).
; The box is asserted on h (phi is increasing); Xw = y gives N polynomial equations.
; sat: the unique minimiser lies in the box; unsat: it does not.
(set-info :smt-lib-version 2.6)
(set-logic QF_NRA)
(set-info :status sat)
(declare-fun lam0 () Real)
(declare-fun lam1 () Real)
(assert (<= (/ 326283 5325049) (+ lam0 lam1)))
(assert (<= (+ lam0 lam1) (/ 204427 3336313)))
(assert (<= (/ 125396908 73333119) (+ lam0 (* 2 lam1))))
(assert (<= (+ lam0 (* 2 lam1)) (/ 285242045 166811839)))
(assert (<= (- (/ 275548397 173582949)) lam0))
(assert (<= lam0 (- (/ 148083779 93286041))))
(assert (= (+ (* (+ lam0 lam1) (+ lam0 lam1) (+ lam0 lam1)) (* (+ lam0 (* 2 lam1)) (+ lam0 (* 2 lam1)) (+ lam0 (* 2 lam1))) (* lam0 lam0 lam0)) 1))
(assert (= (+ (* (+ lam0 lam1) (+ lam0 lam1) (+ lam0 lam1)) (* 2 (* (+ lam0 (* 2 lam1)) (+ lam0 (* 2 lam1)) (+ lam0 (* 2 lam1))))) 10))
(check-sat)
(exit)
